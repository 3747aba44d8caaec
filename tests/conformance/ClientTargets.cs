using System;
using System.Collections.Concurrent;
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
        public IClientInstance Start(string url) => new Instance(url);

        private sealed class Instance : IClientInstance
        {
            private readonly WebSocketClient _client;
            private readonly ConcurrentQueue<string> _log = new ConcurrentQueue<string>();

            public Instance(string url)
            {
                var options = new WebSocketClientOptions
                {
                    PollIntervalMs = 2,
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

        public CommandClientTarget(string command)
        {
            _command = command;
        }

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
}
