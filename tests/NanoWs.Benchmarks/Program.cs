using System;
using System.Linq;
using NanoWs.Benchmarks.Footprint;
using NanoWs.Benchmarks.Load;
using NanoWs.Benchmarks.Micro;
using NanoWs.Benchmarks.Tls;

namespace NanoWs.Benchmarks
{
    /// <summary>
    /// <c>dotnet run -c Release --project tests/NanoWs.Benchmarks -- MODE [options]</c>, MODE one of
    /// <c>micro</c> (BenchmarkDotNet, NanoWs beside .NET's ManagedWebSocket), <c>load</c>
    /// (loopback echo against our EchoServer, Kestrel and Node ws), <c>broadcast</c> (server→clients
    /// broadcast against the same three), <c>hub-fanout</c> (the dashboard hub to 64 tabs) and <c>footprint</c>
    /// (bytes per connection slot, assembly and page sizes; <c>--docs</c> rewrites docs/performance.md's
    /// table), <c>tls-client</c> (the wss:// client's handshake, memory and per-message cost beside
    /// ClientWebSocket), <c>tls-server</c> (the server's https/wss handshake cost and memory per connection
    /// beside Kestrel's https). <c>bash tests/NanoWs.Benchmarks/run.sh</c> runs them all.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string mode = args.Length > 0 ? args[0] : "help";
            string[] rest = args.Skip(1).ToArray();
            switch (mode)
            {
                case "micro":
                    return MicroRunner.Run(rest);
                case "load":
                    return LoadDriver.Run(rest);
                case "echo-server":
                    return EchoServerMode.Run(rest);
                case "broadcast":
                    return BroadcastDriver.Run(rest);
                case "broadcast-server":
                    return BroadcastServerMode.Run(rest);
                case "hub-fanout":
                    return HubFanoutDriver.Run(rest);
                case "hub-server":
                    return HubServerMode.Run(rest);
                case "footprint":
                    return FootprintReport.Run(rest);
                case "tls-client":
                    return TlsClientBenchmark.Run(rest);
                case "tls-server":
                    return TlsServerBenchmark.Run(rest);
                case "tls-echo-server":
                    return TlsServerBenchmark.RunServer(rest);
                default:
                    Console.Error.WriteLine("usage: NanoWs.Benchmarks micro [--full] [BenchmarkDotNet args] | load [--quick|--full] [--clients N] [--round-trips N] [--servers nanows,kestrel,node] [--kestrel-workstation-gc] [--with-poll1] [--rounds N] | broadcast [--quick|--full] [--clients N] [--messages N] [--servers nanows,kestrel,node] [--with-poll1] [--rounds N] | hub-fanout [--quick|--full] [--clients N] [--seconds S] | footprint [--docs] | tls-client [--connects N] [--open N] [--messages N] [--warmup N] | tls-server [--connects N] [--open N] [--warmup N]");
                    return 2;
            }
        }
    }
}
