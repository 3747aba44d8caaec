using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace NanoWs.Tests
{
    /// <summary>
    /// The tests' one child-process runner: a child process (node, chromium's driver, a sample) whose
    /// stdout lines are queued and whose stderr is kept for failure messages; it is killed, with its
    /// children, on dispose. Linked from tests/Shared into the integration and conformance tests.
    /// </summary>
    internal sealed class ChildProcess : IDisposable
    {
        /// <summary>Generous bound for a line or an exit the tests wait for; only there to avoid hangs.</summary>
        public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

        private readonly Process _process;
        private readonly BlockingCollection<string> _lines = new BlockingCollection<string>();
        private readonly StringBuilder _stderr = new StringBuilder();

        private ChildProcess(Process process)
        {
            _process = process;
        }

        /// <summary>Everything the process wrote to stderr so far.</summary>
        public string Stderr
        {
            get
            {
                lock (_stderr)
                {
                    return _stderr.ToString();
                }
            }
        }

        /// <summary>The exit code, once the process has exited.</summary>
        public int ExitCode => _process.ExitCode;

        /// <summary>The process id.</summary>
        public int Id => _process.Id;

        /// <summary>
        /// Sends SIGINT (what Ctrl+C sends). A process started with SIGINT ignored (a test run started
        /// in the background by a non-interactive shell passes that on) never sees it: start such a
        /// child through <c>env --default-signal=INT</c>.
        /// </summary>
        public void Interrupt() => Signal(2, "SIGINT");

        /// <summary>Sends SIGTERM, as a service manager stops a service.</summary>
        public void Terminate() => Signal(15, "SIGTERM");

        private void Signal(int signal, string name)
        {
            if (Kill(_process.Id, signal) != 0)
            {
                throw new InvalidOperationException("kill(" + _process.Id + ", " + name + ") failed: errno " + System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
            }
        }

        /// <summary>
        /// A line of /proc/&lt;pid&gt;/status in kB, e.g. "VmHWM" (peak resident set size) or "VmRSS".
        /// </summary>
        public long StatusKb(string field) => long.Parse(Status(field).Split(' ')[0]);

        /// <summary>The value of a line of /proc/&lt;pid&gt;/status, e.g. "State" or "SigCgt" (diagnostics).</summary>
        public string Status(string field)
        {
            foreach (string line in System.IO.File.ReadAllLines("/proc/" + _process.Id + "/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return line.Substring(field.Length + 1).Trim();
                }
            }

            throw new InvalidOperationException(field + " not in /proc/" + _process.Id + "/status");
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);

        /// <summary>Starts <paramref name="file"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
        public static ChildProcess Start(string file, string workingDirectory, params string[] args)
        {
            return StartWith(null, file, workingDirectory, args);
        }

        /// <summary>As <see cref="Start"/>, with extra environment variables (e.g. NODE_EXTRA_CA_CERTS).</summary>
        public static ChildProcess StartWith(System.Collections.Generic.IDictionary<string, string> environment, string file, string workingDirectory, params string[] args)
        {
            var info = new ProcessStartInfo(file)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (string arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            if (environment != null)
            {
                foreach (var pair in environment)
                {
                    info.Environment[pair.Key] = pair.Value;
                }
            }

            var process = new Process { StartInfo = info };
            var child = new ChildProcess(process);
            process.OutputDataReceived += (s, e) =>
            {
                if (e.Data == null)
                {
                    child._lines.CompleteAdding();
                }
                else
                {
                    child._lines.Add(e.Data);
                }
            };
            process.ErrorDataReceived += (s, e) =>
            {
                if (e.Data != null)
                {
                    lock (child._stderr)
                    {
                        child._stderr.AppendLine(e.Data);
                    }
                }
            };
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("cannot start `" + file + "` (is it on PATH?): " + e.Message, e);
            }

            process.StandardInput.AutoFlush = true;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return child;
        }

        /// <summary>The next stdout line; throws when none comes within <see cref="Patience"/>.</summary>
        public string NextLine() => NextLine(Patience);

        /// <summary>The next stdout line; throws when none comes within <paramref name="patience"/> (a hang guard).</summary>
        public string NextLine(TimeSpan patience)
        {
            try
            {
                if (_lines.TryTake(out string line, patience))
                {
                    return line;
                }
            }
            catch (InvalidOperationException)
            {
                // Completed: the process closed its stdout.
            }

            throw new TimeoutException("no line from " + _process.StartInfo.FileName + "; stderr: " + Stderr);
        }

        /// <summary>The next queued line, or null when there is none (after the process exited, all of them).</summary>
        public string TryNextLine()
        {
            return _lines.TryTake(out string line) ? line : null;
        }

        /// <summary>Takes every line queued so far and returns the last one, or null when there is none.</summary>
        public string TakeLastLine()
        {
            string last = null;
            for (string line; (line = TryNextLine()) != null;)
            {
                last = line;
            }

            return last;
        }

        /// <summary>
        /// Waits up to <paramref name="timeout"/> for a script (a node or Chromium driver) to exit and
        /// returns its last line's JSON, which must say <c>"ok":true</c>, with exit code 0; otherwise
        /// throws naming <paramref name="what"/>, the script's step and error, its stderr and
        /// <paramref name="context"/> (e.g. the device's stderr).
        /// </summary>
        public JsonObject OkResult(TimeSpan timeout, string what, string context = null)
        {
            string more = context == null ? string.Empty : "\n" + context;
            if (!WaitForExit(timeout))
            {
                throw new TimeoutException(what + " did not finish; stderr: " + Stderr + more);
            }

            string last = TakeLastLine();
            if (last == null)
            {
                throw new InvalidOperationException("no result from " + what + "; stderr: " + Stderr + more);
            }

            JsonObject result = JsonNode.Parse(last).AsObject();
            if (!(bool)result["ok"] || ExitCode != 0)
            {
                string shown = last.Length <= 4000 ? last : last.Substring(0, 4000) + "…";
                throw new InvalidOperationException(what + " failed at step " + (string)result["step"] + ": " + (string)result["error"]
                    + " (exit code " + ExitCode + ")\nresult: " + shown + "\nstderr: " + Stderr + more);
            }

            return result;
        }

        /// <summary>The next JSON line whose "event" is <paramref name="name"/>, skipping others.</summary>
        public JsonNode NextEvent(string name) => NextEvent(name, Patience);

        /// <summary>The next JSON line whose "event" is <paramref name="name"/>, skipping others; each line within <paramref name="patience"/>.</summary>
        public JsonNode NextEvent(string name, TimeSpan patience)
        {
            var skipped = new StringBuilder();
            while (true)
            {
                string text;
                try
                {
                    text = NextLine(patience);
                }
                catch (TimeoutException e) when (skipped.Length > 0)
                {
                    throw new TimeoutException(e.Message + "; lines before, waiting for \"" + name + "\": " + skipped, e);
                }

                JsonNode line = JsonNode.Parse(text);
                if ((string)line["event"] == name)
                {
                    return line;
                }

                skipped.Append(text).Append(' ');
            }
        }

        /// <summary>Writes a line to the process's stdin.</summary>
        public void WriteLine(string line)
        {
            _process.StandardInput.WriteLine(line);
        }

        /// <summary>Waits for the process to exit, then for its output to drain.</summary>
        public bool WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                return false;
            }

            _process.WaitForExit(); // drains the redirected streams
            return true;
        }

        /// <summary>Waits up to <see cref="Patience"/> for the process to exit.</summary>
        public bool WaitForExit() => WaitForExit(Patience);

        /// <summary>Kills the process and its children unless it has exited.</summary>
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
                // Already gone.
            }

            _process.Dispose();
        }
    }
}
