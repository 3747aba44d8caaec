using System;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace NanoWs.Benchmarks.Micro
{
    /// <summary>
    /// The SHA-1 inside the handshake: SHA-1(Sec-WebSocket-Key || GUID), 60 bytes, one block.
    /// NanoWs' own portable Sha1 (the board has no crypto library) against .NET's SHA1.HashData
    /// (OpenSSL on Linux).
    /// </summary>
    [MemoryDiagnoser]
    public class AcceptKeyBenchmarks
    {
        private byte[] _keyAndGuid;
        private byte[] _hash;
        private Sha1 _sha;

        [GlobalSetup]
        public void Setup()
        {
            _keyAndGuid = Encoding.ASCII.GetBytes("dGhlIHNhbXBsZSBub25jZQ==" + AcceptKey.Guid);
            _hash = new byte[20];
            _sha = new Sha1();
            byte[] expected = SHA1.HashData(_keyAndGuid);
            NanoWs();
            if (!expected.AsSpan().SequenceEqual(_hash))
            {
                throw new InvalidOperationException("hashes differ");
            }
        }

        [Benchmark(Baseline = true, Description = ".NET SHA1.HashData")]
        public byte DotNet()
        {
            SHA1.HashData(_keyAndGuid, _hash);
            return _hash[0];
        }

        [Benchmark(Description = "NanoWs AcceptKey.ComputeHash (own SHA-1)")]
        public byte NanoWs()
        {
            AcceptKey.ComputeHash(_keyAndGuid, 0, 24, _sha, _hash, 0);
            return _hash[0];
        }
    }
}
