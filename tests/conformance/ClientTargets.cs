using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using NanoWs.Net;
using NanoWs.Samples.EchoServer;

namespace NanoWs.Conformance
{
    /// <summary>
    /// Our <see cref="WebSocketClient"/> in echo mode, in this process, with the echo sample's
    /// client handler (<see cref="EchoApp.Attach(WebSocketClient)"/>: every slice goes straight back
    /// as fragments, deferred while the send buffer is full). It offers the subprotocol "chat.v1"
    /// and never reconnects.
    /// </summary>
    public sealed class InProcessClientTarget : IClientTarget
    {
        private readonly string _trustedCaPem;

        /// <summary>A target whose clients trust only <paramref name="trustedCaPem"/> on wss:// URLs (null: the system's store).</summary>
        public InProcessClientTarget(string trustedCaPem = null)
        {
            _trustedCaPem = trustedCaPem;
        }

        /// <summary>Connects a new client to <paramref name="url"/>.</summary>
        public IClientInstance Start(string url) => new Instance(url, _trustedCaPem);

        private sealed class Instance : IClientInstance
        {
            private readonly WebSocketClient _client;
            private readonly ConcurrentQueue<string> _log = new ConcurrentQueue<string>();

            public Instance(string url, string trustedCaPem)
            {
                var options = new WebSocketClientOptions
                {
                    PollIntervalMs = 2,
                    TrustedCaPem = trustedCaPem,
                    Connection = EchoApp.CreateConnectionOptions(64 * 1024, 64 * 1024),
                };
                options.Connection.Subprotocols = new[] { "chat.v1" };
                _client = new WebSocketClient(url, options);
                EchoApp.Attach(_client);
                _client.Closed += (c, code, reason, clean) => _log.Enqueue("closed " + code + (clean ? " clean" : " not clean") + (string.IsNullOrEmpty(reason) ? "" : " (" + reason + ")"));
                _client.Error += (c, message) => _log.Enqueue("error: " + message);
                _client.Connect();
            }

            public string Report() => string.Join("; ", _log);

            public void Dispose()
            {
                _client.Close();
                if (!_client.WaitClosed(5000))
                {
                    _log.Enqueue("client thread still running after 5 s");
                }
            }
        }
    }

    /// <summary>Any client in echo mode, started per case as a shell command with <c>{url}</c> replaced.</summary>
    public sealed class CommandClientTarget : IClientTarget
    {
        private readonly string _command;

        /// <summary>Runs <paramref name="command"/> (a shell command line with <c>{url}</c> in it) once per case.</summary>
        public CommandClientTarget(string command)
        {
            _command = command;
        }

        /// <summary>Starts the command with <c>{url}</c> replaced by <paramref name="url"/>.</summary>
        public IClientInstance Start(string url)
        {
            var info = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("exec " + _command.Replace("{url}", url));
            return new Instance(Process.Start(info));
        }

        private sealed class Instance : IClientInstance
        {
            private readonly Process _process;
            private readonly StringBuilder _output = new StringBuilder();

            public Instance(Process process)
            {
                _process = process;
                _process.OutputDataReceived += (s, e) => Append(e.Data);
                _process.ErrorDataReceived += (s, e) => Append(e.Data);
                _process.BeginOutputReadLine();
                _process.BeginErrorReadLine();
            }

            public string Report()
            {
                lock (_output)
                {
                    return _output.ToString().Trim();
                }
            }

            public void Dispose()
            {
                if (!_process.WaitForExit(2000))
                {
                    Append("still running after 2 s: killed");
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(2000);
                }

                _process.WaitForExit();
                _process.Dispose();
            }

            private void Append(string line)
            {
                if (string.IsNullOrEmpty(line))
                {
                    return;
                }

                lock (_output)
                {
                    if (_output.Length < 2000)
                    {
                        _output.Append(line).Append(' ');
                    }
                }
            }
        }
    }

    /// <summary>
    /// Clients in echo mode started by one long-running command, a driver, instead of one process
    /// per case: the driver reads <c>open ID URL</c> and <c>stop ID</c> lines on its stdin, writes
    /// <c>ready</c> once, then lines starting with a client's ID, among them <c>ID closed CODE</c>
    /// when that client's connection ended (tests/conformance/ws-echo-clients.js for Node's `ws`).
    /// </summary>
    public sealed class DriverClientTarget : IClientTarget, IDisposable
    {
        private readonly Process _process;
        private readonly object _gate = new object();
        private readonly Dictionary<string, StringBuilder> _output = new Dictionary<string, StringBuilder>();
        private readonly HashSet<string> _closed = new HashSet<string>();
        private readonly StringBuilder _stderr = new StringBuilder();
        private bool _ready;
        private int _next;

        /// <summary>Starts <paramref name="command"/> (a shell command line) and waits up to 10 s for its <c>ready</c> line.</summary>
        public DriverClientTarget(string command)
        {
            var info = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("exec " + command);
            _process = Process.Start(info);
            _process.OutputDataReceived += (s, e) => OnLine(e.Data);
            _process.ErrorDataReceived += (s, e) =>
            {
                lock (_gate)
                {
                    if (e.Data != null && _stderr.Length < 2000) _stderr.Append(e.Data).Append(' ');
                }
            };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            if (!WaitFor(() => _ready || _process.HasExited, 10000) || !_ready)
            {
                string error;
                lock (_gate) error = _stderr.ToString().Trim();
                Dispose();
                throw new InvalidOperationException("client driver `" + command + "` did not get ready: " + error);
            }
        }

        /// <summary>Asks the driver for a client connecting to <paramref name="url"/>.</summary>
        public IClientInstance Start(string url)
        {
            string id;
            lock (_gate)
            {
                id = (++_next).ToString();
                _output[id] = new StringBuilder();
            }

            _process.StandardInput.WriteLine("open " + id + " " + url);
            _process.StandardInput.Flush();
            return new Instance(this, id);
        }

        /// <summary>Closes the driver's stdin (it exits) and kills it if it is still running after 2 s.</summary>
        public void Dispose()
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (System.IO.IOException)
            {
                // Already gone.
            }

            if (!_process.WaitForExit(2000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(2000);
            }

            _process.Dispose();
        }

        private void OnLine(string line)
        {
            if (string.IsNullOrEmpty(line))
            {
                return;
            }

            lock (_gate)
            {
                int space = line.IndexOf(' ');
                if (line == "ready")
                {
                    _ready = true;
                }
                else if (space > 0 && _output.TryGetValue(line.Substring(0, space), out StringBuilder text))
                {
                    string id = line.Substring(0, space);
                    string rest = line.Substring(space + 1);
                    if (text.Length < 2000) text.Append(rest).Append(' ');
                    if (rest.StartsWith("closed", StringComparison.Ordinal)) _closed.Add(id);
                }

                System.Threading.Monitor.PulseAll(_gate);
            }
        }

        private bool WaitFor(Func<bool> condition, int timeoutMs)
        {
            var clock = Stopwatch.StartNew();
            lock (_gate)
            {
                while (!condition())
                {
                    long left = timeoutMs - clock.ElapsedMilliseconds;
                    if (left <= 0) return false;
                    System.Threading.Monitor.Wait(_gate, (int)Math.Min(left, 50));
                }
            }

            return true;
        }

        private sealed class Instance : IClientInstance
        {
            private readonly DriverClientTarget _driver;
            private readonly string _id;

            public Instance(DriverClientTarget driver, string id)
            {
                _driver = driver;
                _id = id;
            }

            public string Report()
            {
                lock (_driver._gate)
                {
                    return _driver._output[_id].ToString().Trim();
                }
            }

            public void Dispose()
            {
                if (!_driver.WaitFor(() => _driver._closed.Contains(_id), 2000))
                {
                    lock (_driver._gate) _driver._output[_id].Append("still running after 2 s: stopped");
                    _driver._process.StandardInput.WriteLine("stop " + _id);
                    _driver._process.StandardInput.Flush();
                    _driver.WaitFor(() => _driver._closed.Contains(_id), 2000);
                }
            }
        }
    }
}
